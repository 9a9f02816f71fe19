# Regenerates gen/version.h at every build (not only at configure time), so
# the code version stored with results names the commit actually built.
# Writes the file only when it changes, so nothing rebuilds needlessly.
execute_process(COMMAND git describe --always --dirty --abbrev=12
  WORKING_DIRECTORY ${SRC} OUTPUT_VARIABLE GIT
  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT GIT)
  set(GIT "unknown")
endif()
set(TEXT "/* Generated at build time by cmake/version.cmake; do not edit. */\n#define SPIRAL_VERSION \"${VERSION}\"\n#define SPIRAL_GIT \"${GIT}\"\n")
if(EXISTS ${OUT})
  file(READ ${OUT} OLD)
endif()
if(NOT "${OLD}" STREQUAL "${TEXT}")
  file(WRITE ${OUT} "${TEXT}")
endif()
