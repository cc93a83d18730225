#include "core/flow/libxml2_loader.hpp"

#include <dlfcn.h>

#include <string>

namespace sonde::flow {

namespace {

constexpr const char* k_soname = "libxml2.so.2";

struct Loaded {
  LibXml2 api;
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
#define SONDE_LIBXML2_BIND(name)                                                          \
  loaded.api.name = reinterpret_cast<decltype(&::name)>(::dlsym(lib, #name));           \
  if (loaded.api.name == nullptr && loaded.error.empty()) loaded.error = "no symbol " #name;
  SONDE_LIBXML2_FUNCTIONS(SONDE_LIBXML2_BIND)
#undef SONDE_LIBXML2_BIND
  // Once, before any thread parses: libxml2's own rule for threaded programs.
  if (loaded.error.empty()) loaded.api.xmlInitParser();
  return loaded;
}

}  // namespace

Result<const LibXml2*> libxml2() {
  static const Loaded loaded = load();  // thread-safe: `sonde test --jobs` runs files on threads
  if (!loaded.error.empty()) {
    return fail(ErrorKind::runtime, "cannot load libxml2 (" + loaded.error + ")", k_soname,
                "install the libxml2 package");
  }
  return &loaded.api;
}

}  // namespace sonde::flow
