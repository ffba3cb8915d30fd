# Warnings we hold our own code to. Applied per target (not globally) so that
# third-party or generated code is not judged by them.
function(gpupool_set_warnings target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
    if(GPUPOOL_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
    # Qt's conventions: no implicit QString conversions from char* in our code.
    target_compile_definitions(${target} PRIVATE
        QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_URL_CAST_FROM_STRING
        QT_NO_NARROWING_CONVERSIONS_IN_CONNECT QT_USE_QSTRINGBUILDER)
endfunction()
