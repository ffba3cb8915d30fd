# One static library per area of core/, whose target_link_libraries are the
# arrows of docs/architecture.md. Each area exposes only its own headers, through
# an include root of its own (<build>/areas/<area>/<area> -> core/<area>), so a
# source sees the headers of its own area and of the areas it links, and no
# others: an include against the arrows ("pool/pool.h" from balance) fails to
# compile, and tests/layering checks that it does.
#
#   gpupool_area(<area> [DEPENDS <area>...] [LIBS <target>...] SOURCES <file>...)
function(gpupool_area area)
    cmake_parse_arguments(PARSE_ARGV 1 A "" "" "DEPENDS;LIBS;SOURCES")
    set(target gpupool_${area})
    add_library(${target} STATIC ${A_SOURCES})
    set(root ${PROJECT_BINARY_DIR}/areas/${area})
    file(MAKE_DIRECTORY ${root})
    file(CREATE_LINK ${CMAKE_CURRENT_SOURCE_DIR} ${root}/${area} SYMBOLIC)
    target_include_directories(${target} PUBLIC ${root})
    list(TRANSFORM A_DEPENDS PREPEND gpupool_)
    target_link_libraries(${target} PUBLIC ${A_DEPENDS} ${A_LIBS})
    gpupool_set_warnings(${target})
    set_property(GLOBAL APPEND PROPERTY GPUPOOL_AREAS ${target})
endfunction()
