#pragma once
/// SONDE_ASAN is 1 in an AddressSanitizer build, whichever compiler: GCC defines
/// __SANITIZE_ADDRESS__, clang answers __has_feature(address_sanitizer) instead. Code that sizes
/// stacks by measured frame sizes needs to know (ASan's redzones make frames several times larger).
#if defined(__SANITIZE_ADDRESS__)
#define SONDE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SONDE_ASAN 1
#endif
#endif
#ifndef SONDE_ASAN
#define SONDE_ASAN 0
#endif
