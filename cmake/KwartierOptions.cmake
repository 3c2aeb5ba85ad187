# Warnings and sanitizers for Kwartier's own targets only: no global flags,
# so the dependencies' headers and CMake's try-compiles are left alone.
function(kwartier_target_defaults target)
  target_compile_features(${target} PUBLIC cxx_std_20)
  if(KWARTIER_WARNINGS)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow)
  endif()
  if(KWARTIER_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
