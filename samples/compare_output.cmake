# cmake -DPROGRAM=prog [-DARGS="a;b"] -DEXPECTED=file [-DPROGRAM_ENV=VAR=value]
#       -P compare_output.cmake
# Runs PROGRAM with ARGS; passes when it exits with 0 and its standard output
# equals the file EXPECTED byte for byte.  Its standard error goes through.
# PROGRAM_ENV is set for the program only (the sanitizer runtime preload of
# hcc-built programs must not be applied to cmake itself).
if(NOT PROGRAM OR NOT EXPECTED)
  message(FATAL_ERROR "usage: cmake -DPROGRAM=prog -DEXPECTED=file [-DARGS=...] -P compare_output.cmake")
endif()
if(PROGRAM_ENV MATCHES "^([A-Za-z_][A-Za-z0-9_]*)=(.*)$")
  set(ENV{${CMAKE_MATCH_1}} "${CMAKE_MATCH_2}")
endif()
execute_process(COMMAND ${PROGRAM} ${ARGS}
                OUTPUT_VARIABLE out
                RESULT_VARIABLE rc)
file(READ ${EXPECTED} want)
if(NOT out STREQUAL want)
  get_filename_component(name ${PROGRAM} NAME)
  set(got_file ${CMAKE_CURRENT_BINARY_DIR}/${name}.out)
  file(WRITE ${got_file} "${out}")
  execute_process(COMMAND diff -u ${EXPECTED} ${got_file})
  message(FATAL_ERROR "${name}: standard output differs from ${EXPECTED} (output in ${got_file}; exit status ${rc})")
endif()
if(NOT rc STREQUAL "0")
  message(FATAL_ERROR "${PROGRAM} exited with status ${rc}")
endif()
message(STATUS "output matches ${EXPECTED}")
