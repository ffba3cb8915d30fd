# Application icon in the hicolor theme: the hand-drawn SVG, and PNGs rendered
# from it at build time with rsvg-convert (librsvg2-bin). Rendering instead of
# committing the PNGs keeps one source of truth: an edited SVG cannot ship
# with stale bitmaps, and no binary blobs grow the repository.

set(icon_id io.github.gpupool.Console)
set(icon_svg ${PROJECT_SOURCE_DIR}/resources/icons/${icon_id}.svg)
set(gpupool_icon_sizes 16 22 24 32 48 64 128 256)

install(FILES ${icon_svg} DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/icons/hicolor/scalable/apps)

find_program(RSVG_CONVERT rsvg-convert)
if(RSVG_CONVERT)
    set(icon_pngs "")
    foreach(size IN LISTS gpupool_icon_sizes)
        set(png ${CMAKE_CURRENT_BINARY_DIR}/icons/${size}x${size}/${icon_id}.png)
        add_custom_command(OUTPUT ${png}
            COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/icons/${size}x${size}
            COMMAND ${RSVG_CONVERT} --width ${size} --height ${size} --output ${png} ${icon_svg}
            DEPENDS ${icon_svg}
            VERBATIM)
        list(APPEND icon_pngs ${png})
        install(FILES ${png} DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/icons/hicolor/${size}x${size}/apps)
    endforeach()
    add_custom_target(gpupool_icons ALL DEPENDS ${icon_pngs})
else()
    message(WARNING "rsvg-convert not found (package librsvg2-bin, scripts/install-deps): "
                    "the PNG icons are not built and the .deb would lack them")
endif()

# The desktop entry and the AppStream metadata describe the console: they come
# with it.
if(TARGET gpupool-console)
    install(FILES ${PROJECT_SOURCE_DIR}/resources/${icon_id}.desktop
            DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/applications)
    install(FILES ${PROJECT_SOURCE_DIR}/resources/${icon_id}.metainfo.xml
            DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/metainfo)
endif()
