# Makes copies of the sources that lupdate reads correctly (cmake -P script).
#
# Code that is no QObject translates through a file-local helper:
#     QString tr(const char *text) { return QCoreApplication::translate("gpupool::area::Thing", text); }
# lupdate cannot see through it: it files a bare tr("...") under the enclosing
# namespace or class it guesses ("gpupool::stats"), not the context the program
# asks for at run time, so such translations would never be used. In each copy,
# every bare tr( of a file with such a helper becomes
# QCoreApplication::translate("<that file's context>", , which lupdate reads
# exactly as the program runs it. The sources themselves are not touched.
#
# Variables: SOURCE_DIR (the project), OUT_DIR (where the copies go),
# FILES (;-separated absolute paths under SOURCE_DIR).

foreach(file IN LISTS FILES)
    file(RELATIVE_PATH relative "${SOURCE_DIR}" "${file}")
    set(copy "${OUT_DIR}/${relative}")
    file(READ "${file}" text)
    string(REGEX MATCH "QString tr\\(const char \\*[a-z]+\\)[ \t\r\n]*{[ \t\r\n]*return QCoreApplication::translate\\(\"([^\"]+)\""
           helper "${text}")
    if(helper)
        set(context "${CMAKE_MATCH_1}")
        # The helper's own definition is no call: leave lupdate nothing to read there.
        string(REGEX REPLACE "QString tr\\(const char \\*" "QString gpupool_tr_helper(const char *" text "${text}")
        # A tr( preceded by an identifier character, ::, . or -> is someone
        # else's tr (Statd::tr, a QObject's tr): only bare calls are the helper's.
        string(REGEX REPLACE "([^A-Za-z0-9_:.>])tr\\(" "\\1QCoreApplication::translate(\"${context}\", " text "${text}")
    endif()
    # Unchanged files are not rewritten, so lupdate's run stays cheap.
    if(EXISTS "${copy}")
        file(READ "${copy}" old)
        if(old STREQUAL text)
            continue()
        endif()
    endif()
    file(WRITE "${copy}" "${text}")
endforeach()
