// glibc's names and descriptions of the error numbers, indexed by number
// (null where glibc has none). Generated at build time from glibc's own
// strerrorname_np and strerrordesc_np (errno_table_gen.cc), never typed in.
#ifndef RUNTIME_NOLIBC_ERRNO_TABLE_H_
#define RUNTIME_NOLIBC_ERRNO_TABLE_H_

namespace nsinit::nolibc {

extern const int kErrnoCount;
extern const char* const kErrnoNames[];
extern const char* const kErrnoDescriptions[];

}  // namespace nsinit::nolibc

#endif  // RUNTIME_NOLIBC_ERRNO_TABLE_H_
