# gpupool_add_test(NAME name SOURCES a.cpp ... [LIBS ...] [LABELS ...])
# One Qt Test executable per test; registered with CTest under the given labels
# ("unit", "integration", ...). QSKIP exits 0, so ctest is told to read
# "SKIP   : " as a skip rather than a pass (docs/platform-notes.md).
set(GPUPOOL_TEST_FIXTURES ${CMAKE_CURRENT_SOURCE_DIR}/fixtures)

function(gpupool_add_test)
    cmake_parse_arguments(T "" "NAME" "SOURCES;LIBS;LABELS" ${ARGN})
    add_executable(${T_NAME} ${T_SOURCES})
    target_link_libraries(${T_NAME} PRIVATE gpupool_core Qt6::Test ${T_LIBS})
    target_include_directories(${T_NAME} PRIVATE ${PROJECT_SOURCE_DIR}/tests/support)
    target_compile_definitions(${T_NAME} PRIVATE
        GPUPOOL_TEST_FIXTURES="${GPUPOOL_TEST_FIXTURES}"
        GPUPOOL_BINARY_DIR="${PROJECT_BINARY_DIR}")
    gpupool_set_warnings(${T_NAME})
    add_test(NAME ${T_NAME} COMMAND ${T_NAME})
    set_tests_properties(${T_NAME} PROPERTIES
        LABELS "${T_LABELS}"
        SKIP_REGULAR_EXPRESSION "SKIP   : "
        TIMEOUT 120
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen")
endfunction()
