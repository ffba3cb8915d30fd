# ASan + UBSan for the whole build (CI runs the unit tests under them).
if(GPUPOOL_SANITIZE)
    add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    add_link_options(-fsanitize=address,undefined)
endif()

# Coverage instrumentation for libFuzzer on all our code; the fuzz targets
# themselves link with -fsanitize=fuzzer (tests/fuzz).
if(GPUPOOL_FUZZ)
    add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
    add_link_options(-fsanitize=address,undefined)
endif()
