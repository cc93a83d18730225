#include "core/dns/dnssec/libcrypto_loader.hpp"

#include <dlfcn.h>

#include <string>

namespace sonde::dns::dnssec {

namespace {

constexpr const char* k_soname = "libcrypto.so.3";

struct Loaded {
  LibCrypto api;
  std::string error;  ///< empty when every function was found
};

Loaded load() {
  Loaded loaded;
  void* lib = ::dlopen(k_soname, RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) {
    const char* why = ::dlerror();
    loaded.error = why != nullptr ? why : k_soname;
    return loaded;
  }
#define SONDE_LIBCRYPTO_BIND(name)                                                      \
  loaded.api.name = reinterpret_cast<decltype(&::name)>(::dlsym(lib, #name));         \
  if (loaded.api.name == nullptr && loaded.error.empty()) loaded.error = "no symbol " #name;
  SONDE_LIBCRYPTO_FUNCTIONS(SONDE_LIBCRYPTO_BIND)
#undef SONDE_LIBCRYPTO_BIND
  return loaded;
}

}  // namespace

Result<const LibCrypto*> libcrypto() {
  static const Loaded loaded = load();
  if (!loaded.error.empty()) {
    return fail(ErrorKind::runtime, "cannot load libcrypto (" + loaded.error + ")", k_soname,
                "install the libssl3 package");
  }
  return &loaded.api;
}

}  // namespace sonde::dns::dnssec
