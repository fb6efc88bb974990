# Project-wide warning and sanitizer flags (applied through newsd_options).
add_library(newsd_options INTERFACE)
target_compile_options(newsd_options INTERFACE -Wall -Wextra -Wpedantic
  -Wno-missing-field-initializers)
if(NEWSD_WERROR)
  target_compile_options(newsd_options INTERFACE -Werror)
endif()
if(NEWSD_SANITIZE)
  set(_san -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_compile_options(${_san})
  # GCC 12 reports false -Wmaybe-uninitialized inside libstdc++ (std::regex,
  # std::function) when ASan instruments it; see docs/NOTES.md.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    add_compile_options(-Wno-maybe-uninitialized)
  endif()
  add_link_options(${_san})
endif()

# Each room is one library with alias newsd::<room>; the .cpp files beside its
# CMakeLists.txt are its sources.
#   newsd_room(feeds DEPS newsd::core CURL::libcurl ...)
function(newsd_room name)
  cmake_parse_arguments(R "" "" "DEPS;PRIVATE_DEPS" ${ARGN})
  file(GLOB _src CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  list(FILTER _src EXCLUDE REGEX ".*/main\\.cpp$")
  if(NOT _src)
    add_library(newsd_${name} INTERFACE)
    target_include_directories(newsd_${name} INTERFACE ${PROJECT_SOURCE_DIR})
    target_link_libraries(newsd_${name} INTERFACE ${R_DEPS})
  else()
    add_library(newsd_${name} STATIC ${_src})
    target_include_directories(newsd_${name} PUBLIC ${PROJECT_SOURCE_DIR})
    target_link_libraries(newsd_${name} PUBLIC ${R_DEPS} PRIVATE newsd_options ${R_PRIVATE_DEPS})
  endif()
  add_library(newsd::${name} ALIAS newsd_${name})
endfunction()
