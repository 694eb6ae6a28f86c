// The system's zlib (Debian's zlib1g-dev), for reading .gz CDR files.
#include <zlib.h>

#include <stddef.h>
// glibc's memmem, which <string.h> declares only with _GNU_SOURCE: the quote's search for a number in a
// CDR file (ByteSearch.find).
void *memmem(const void *haystack, size_t haystacklen, const void *needle, size_t needlelen);
