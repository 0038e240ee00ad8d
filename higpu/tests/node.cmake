# Tests of the node directory and device memory (docs/node.md).  Included
# from higpu/tests/CMakeLists.txt.
foreach(t test_node test_devmem)
  add_executable(${t} ${CMAKE_CURRENT_LIST_DIR}/${t}.c)
  # The tests use the allocator's test hooks from src/devmem_internal.h.
  target_include_directories(${t} PRIVATE ${CMAKE_CURRENT_LIST_DIR}/../src)
  target_link_libraries(${t} PRIVATE higpu)
  hi_add_test(NAME higpu.${t} COMMAND ${t})
endforeach()
