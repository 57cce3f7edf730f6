// nsinit and its tests are linked fully static, and never resolve names.
// Static glibc's resolvers (getaddrinfo, getprotobyname, ...) would load NSS
// modules at run time, from whatever root the calling process is in, which
// for a container runtime could be an image's; and the linker warns about
// each one pulled in. Two archives reference them in code nsinit never runs:
// GoogleTest's streaming listener (getaddrinfo) and libnl-3's protocol-name
// helpers (getprotobyname, getprotobynumber). These definitions take glibc's
// place: a lookup fails cleanly and no NSS code is linked.
#include <netdb.h>

#include <cerrno>

extern "C" int getaddrinfo(const char*, const char*, const struct addrinfo*,
                           struct addrinfo** res) {
  if (res != nullptr) *res = nullptr;
  errno = ENOSYS;
  return EAI_SYSTEM;
}

extern "C" void freeaddrinfo(struct addrinfo*) {}

extern "C" struct protoent* getprotobyname(const char*) { return nullptr; }

extern "C" struct protoent* getprotobynumber(int) { return nullptr; }
