// The system's zlib (Debian's zlib1g-dev), for reading .gz CDR files.
#include <zlib.h>
