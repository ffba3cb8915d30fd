# Translations: resources/translations/gpupool_<language>.ts -> .qm, installed
# to share/gpupool/translations, where core/util/translations.cpp looks for
# them (relative to the program, so an extracted .deb finds its own).
#
#   ninja -C build lupdate    # re-reads core/, ui/ and app/ and updates every .ts
#
# gpupool_en.ts is the English source (what translators start from; it holds
# only the English plural forms); a new language is one more file in the list
# below, then `ninja lupdate`.
#
# Leave untranslated what goes over the wire: gpupool-statd puts the messages
# of gpupool::server::NvidiaSmiSource and gpupool::stats::NvidiaSmi into its
# JSON bodies ({"error": "Failed to get GPU stats: ..."}), which must read the
# same as the predecessor's whatever the server's LANG.

set(gpupool_ts_files
    ${PROJECT_SOURCE_DIR}/resources/translations/gpupool_en.ts
    ${PROJECT_SOURCE_DIR}/resources/translations/gpupool_de.ts)

# Every program's and library's sources; CONFIGURE_DEPENDS sees new files
# without a manual re-run of cmake.
file(GLOB_RECURSE gpupool_translatable_sources CONFIGURE_DEPENDS
    ${PROJECT_SOURCE_DIR}/core/*.cpp ${PROJECT_SOURCE_DIR}/core/*.h
    ${PROJECT_SOURCE_DIR}/ui/*.cpp ${PROJECT_SOURCE_DIR}/ui/*.h
    ${PROJECT_SOURCE_DIR}/app/*.cpp ${PROJECT_SOURCE_DIR}/app/*.h)

# lupdate reads copies in which the file-local tr() helpers are spelled out
# (lupdate-sources.cmake says why); the copies keep the tree's layout, so
# includes resolve among them.
set(lupdate_tree ${CMAKE_CURRENT_BINARY_DIR}/lupdate-sources)
set(lupdate_copies "")
foreach(source IN LISTS gpupool_translatable_sources)
    file(RELATIVE_PATH relative ${PROJECT_SOURCE_DIR} ${source})
    list(APPEND lupdate_copies ${lupdate_tree}/${relative})
endforeach()
add_custom_target(gpupool_lupdate_sources
    COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DOUT_DIR=${lupdate_tree}
            "-DFILES=${gpupool_translatable_sources}"
            -P ${CMAKE_CURRENT_SOURCE_DIR}/lupdate-sources.cmake
    COMMENT "Copying the sources for lupdate (packaging/lupdate-sources.cmake)"
    VERBATIM)

add_custom_target(gpupool_translations ALL)
# Without source locations the .ts files change only when strings change,
# not whenever a line moves in someone else's file.
qt_add_lupdate(gpupool_translations
    TS_FILES ${gpupool_ts_files}
    SOURCES ${lupdate_copies}
    INCLUDE_DIRECTORIES ${lupdate_tree}/core ${lupdate_tree}/ui
    OPTIONS -locations none -silent)
add_dependencies(gpupool_translations_lupdate gpupool_lupdate_sources)
add_custom_target(lupdate DEPENDS gpupool_translations_lupdate)

qt_add_lrelease(gpupool_translations
    TS_FILES ${gpupool_ts_files}
    QM_FILES_OUTPUT_VARIABLE gpupool_qm_files
    OPTIONS -silent)
install(FILES ${gpupool_qm_files} DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/gpupool/translations)
