// Test binaries are linked fully static (they re-execute themselves as
// container inits, where no shared objects can be loaded). GoogleTest's
// streaming result listener, which no test here enables, references
// getaddrinfo; static glibc's getaddrinfo would need NSS modules at run time,
// so the linker warns on every test link. These definitions take its place:
// name resolution in a test binary fails cleanly, and the build is quiet.
#include <netdb.h>

extern "C" int getaddrinfo(const char*, const char*, const struct addrinfo*,
                           struct addrinfo** res) {
  if (res != nullptr) *res = nullptr;
  return EAI_SYSTEM;
}

extern "C" void freeaddrinfo(struct addrinfo*) {}
