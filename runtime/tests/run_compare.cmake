# run_compare.cmake -- runs a test program and compares its standard output
# with a file, and optionally its standard error with a regular expression.
#   cmake -DPROGRAM=... [-DARGS=a;b] -DEXPECTED=file [-DSTDERR_REGEX=re] -P run_compare.cmake
execute_process(COMMAND ${PROGRAM} ${ARGS}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
file(READ ${EXPECTED} want)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} exited with ${rc}\n--- stdout\n${out}--- stderr\n${err}")
endif()
if(NOT out STREQUAL want)
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/actual.out "${out}")
  execute_process(COMMAND diff -u ${EXPECTED} ${CMAKE_CURRENT_BINARY_DIR}/actual.out
                  OUTPUT_VARIABLE diff)
  message(FATAL_ERROR "standard output differs from ${EXPECTED}:\n${diff}")
endif()
if(DEFINED STDERR_REGEX AND NOT err MATCHES "${STDERR_REGEX}")
  message(FATAL_ERROR "standard error does not match '${STDERR_REGEX}':\n${err}")
endif()
message(STATUS "output matches ${EXPECTED}")
