# Project-wide compiler options.

# -DHI_SANITIZE=address,undefined builds everything with those sanitizers.
set(HI_SANITIZE "" CACHE STRING "comma-separated -fsanitize= list (e.g. address,undefined)")

add_compile_options(-Wall -Wextra -Werror -Wno-unused-parameter)
# The emulated GPU needs IEEE arithmetic exactly as written: no contraction of
# a*b+c into fma, no fast-math.
add_compile_options(-ffp-contract=off -fno-fast-math)

if(HI_SANITIZE)
  add_compile_options(-fsanitize=${HI_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${HI_SANITIZE})
endif()

# The interpreter's lane loops are built for x86-64-v3 (AVX2 + FMA) and for
# the baseline; the GPU picks one at run time (decision 4 of the brief).
set(HI_EXEC_FLAGS_V3 -O3 -march=x86-64-v3 -mtune=generic)
set(HI_EXEC_FLAGS_BASE -O3)

# Programs that hcc builds are not instrumented, but in a sanitizer build the
# libhcrt they load is: the sanitizer runtime must then be loaded first.
if(HI_SANITIZE MATCHES "address")
  execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=libasan.so
                  OUTPUT_VARIABLE HI_ASAN_RUNTIME OUTPUT_STRIP_TRAILING_WHITESPACE)
  set(HI_HCC_PROGRAM_ENV "LD_PRELOAD=${HI_ASAN_RUNTIME}")
else()
  set(HI_HCC_PROGRAM_ENV "")
endif()

# hi_add_test(NAME name COMMAND cmd... [HCC_PROGRAM]) -- a ctest test with the
# build's bin directory first on PATH.  HCC_PROGRAM marks a program built by
# hcc (see above).
function(hi_add_test)
  cmake_parse_arguments(T "HCC_PROGRAM" "NAME;WORKING_DIRECTORY" "COMMAND;LABELS" ${ARGN})
  add_test(NAME ${T_NAME} COMMAND ${T_COMMAND})
  set_tests_properties(${T_NAME} PROPERTIES
    ENVIRONMENT "PATH=${PROJECT_BINARY_DIR}/bin:$ENV{PATH};HI_SOURCE_DIR=${PROJECT_SOURCE_DIR};HI_BUILD_DIR=${PROJECT_BINARY_DIR}"
    TIMEOUT 300)
  if(T_HCC_PROGRAM AND HI_HCC_PROGRAM_ENV)
    set_property(TEST ${T_NAME} APPEND PROPERTY ENVIRONMENT "${HI_HCC_PROGRAM_ENV}")
  endif()
  if(T_LABELS)
    set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}")
  endif()
endfunction()
