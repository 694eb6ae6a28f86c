// The floor of issue 14, for measuring against: the least honest work a record of a bill run needs.
//
// Reads the CDR files with pread in 4 MiB units shared among N threads (each line belongs to the unit
// its first byte is in), finds a line's 8 fields (commas eight bytes at a time), parses the subscriber,
// the start's day and time and the duration, looks the subscriber up in a table of the subscribers
// file's numbers and adds to a counter of its own. No rating, no duplicates, no rejects, no output.
//
// With --duplicates it also does what R24 asks of every record (and the issue keeps on): a fingerprint
// of the voice key (subscriber, direction, peer, start, duration), looked up in an index of every
// fingerprint seen and put there when new. The index is the least one can keep: 8-byte keys (no
// position of the first copy), open addressing at most 4/5 full (sized from the bytes its thread reads,
// grown by half when that guess was short), in huge pages, one a thread (no locks; duplicates across
// threads go unseen, which only flatters it); look-ups 64 at a time, their slots prefetched first, as
// the bill run batches its own.
//
// With --outputs DIR BILLS REJECTS it also writes what a bill run must write, as the bill run writes it
// (SPEC 6: every output whole or not at all): two files of BILLS and REJECTS bytes (the sizes of a bill
// run's bills.jsonl and rejects.csv), each under a temporary name in DIR, a megabyte a write, its
// write-out to the disk started every 8 MiB (sync_file_range), synced, then renamed. Their bytes are one line repeated, made once: no bill is made, no reject explained.
//
//   floor [--duplicates] [--outputs DIR BILLS REJECTS] THREADS SUBSCRIBERS.csv CDR.csv...
//                                       prints records, unknown subscribers, duplicates, seconds, records/s
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { UNIT = 4 << 20, LONGEST = 1 << 16 };
/// Open addressing, at most half full: capacity a power of two, at least twice the subscribers.
static uint64_t *keys;
static uint32_t mask;
static char **files;
static int fileCount, threads, duplicates;
static size_t *fileSizes;

typedef struct { int id; long long records, unknown, copies; int64_t check; } Worker;

enum { BATCH = 64 };
/// A thread's index of fingerprints: `capacity` keys (0: empty), linear probing from fingerprint × capacity / 2^64.
typedef struct { uint64_t *keys; size_t capacity, bytes, used; uint64_t pending[BATCH]; int count; } Index;

static size_t home(const Index *x, uint64_t key) { return (size_t)(((unsigned __int128)key * x->capacity) >> 64); }

/// Empty slots for `records` keys at 4/5 full, in huge pages.
static void indexMake(Index *x, size_t records) {
  x->capacity = records / 4 * 5 + 1024;
  x->bytes = (x->capacity * 8 + (2 << 20) - 1) / (2 << 20) * (2 << 20);
  x->keys = mmap(0, x->bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (x->keys == MAP_FAILED) { perror("mmap"); exit(2); }
  madvise(x->keys, x->bytes, MADV_HUGEPAGE);
  x->used = 0;
}

static void indexPut(Index *x, uint64_t key) {
  size_t i = home(x, key);
  while (x->keys[i]) i = i + 1 == x->capacity ? 0 : i + 1;
  x->keys[i] = key;
  x->used++;
}

/// Half as many slots again, every key put back.
static void indexGrow(Index *x) {
  Index old = *x;
  indexMake(x, old.capacity / 4 * 5 * 3 / 2);
  for (size_t i = 0; i < old.capacity; i++) if (old.keys[i]) indexPut(x, old.keys[i]);
  munmap(old.keys, old.bytes);
}

/// The batch's fingerprints looked up and put in; how many were there already.
static long long indexFlush(Index *x) {
  long long copies = 0;
  for (int k = 0; k < x->count; k++) __builtin_prefetch(&x->keys[home(x, x->pending[k])], 1);
  for (int k = 0; k < x->count; k++) {
    uint64_t key = x->pending[k];
    size_t i = home(x, key);
    while (x->keys[i] && x->keys[i] != key) i = i + 1 == x->capacity ? 0 : i + 1;
    if (x->keys[i] == key) { copies++; continue; }
    x->keys[i] = key;
    if (++x->used > x->capacity / 5 * 4) indexGrow(x);
  }
  x->count = 0;
  return copies;
}

static uint64_t mix(uint64_t h, uint64_t w) {
  unsigned __int128 p = (unsigned __int128)((h ^ w) * 0xBF58476D1CE4E5B9ULL) * 0xD6E8FEB86659FD93ULL;
  return (uint64_t)(p >> 64) ^ (uint64_t)p;
}

static uint32_t place(uint64_t k) {
  uint32_t i = (uint32_t)((k * 0x9E3779B97F4A7C15ULL) >> 32) & mask;
  while (keys[i] && keys[i] != k) i = (i + 1) & mask;
  return i;
}

static int64_t number(const char *p) {
  int64_t v = 0;
  while (*p >= '0' && *p <= '9') v = v * 10 + (*p++ - '0');
  return v;
}

static void *work(void *arg) {
  Worker *w = arg;
  char *buf = malloc(UNIT + LONGEST + 1);
  int64_t *sums = calloc((size_t)mask + 1, sizeof *sums);
  Index index;
  if (duplicates) {
    // The bytes of the units this thread reads (a file's units go to the threads in turn), a record
    // about 66 bytes.
    size_t mine = 0;
    for (int f = 0; f < fileCount; f++)
      for (size_t start = (size_t)w->id * UNIT; start < fileSizes[f]; start += (size_t)threads * UNIT)
        mine += start + UNIT < fileSizes[f] ? UNIT : fileSizes[f] - start;
    index.count = 0;
    indexMake(&index, mine / 60);
  }
  for (int f = 0; f < fileCount; f++) {
    int fd = open(files[f], O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) { perror(files[f]); exit(2); }
    size_t size = (size_t)st.st_size;
    for (size_t start = (size_t)w->id * UNIT; start < size; start += (size_t)threads * UNIT) {
      size_t end = start + UNIT < size ? start + UNIT : size;
      size_t from = start > 0 ? start - 1 : 0;  // the byte before says whether a line starts at `start`
      size_t want = (end + LONGEST < size ? end + LONGEST : size) - from;
      size_t n = (size_t)pread(fd, buf, want, (off_t)from);
      buf[n] = '\n';
      size_t i = 0;
      if (start == 0 || buf[0] != '\n') { while (buf[i] != '\n') i++; }  // the header, or a line of the unit before
      i++;
      while (i < n && from + i < end) {
        char *line = buf + i, *lf = memchr(line, '\n', n - i);
        if (!lf) break;
        char *field[8];
        int k = 0;
        field[k++] = line;
        for (char *q = line; q < lf && k < 8; q += 8) {
          uint64_t word;
          memcpy(&word, q, 8);
          uint64_t x = word ^ 0x2C2C2C2C2C2C2C2CULL, commas = (x - 0x0101010101010101ULL) & ~x & 0x8080808080808080ULL;
          for (; commas && k < 8; commas &= commas - 1) {
            char *c = q + (__builtin_ctzll(commas) >> 3);
            if (c < lf) field[k++] = c + 1;
          }
        }
        if (k == 8) {
          uint64_t subscriber = (uint64_t)number(field[1]);
          const char *d = field[4];  // YYYY-MM-DD hh:mm:ss
          int day = (d[8] - '0') * 10 + (d[9] - '0');
          int second = ((d[11] - '0') * 10 + (d[12] - '0')) * 3600 + ((d[14] - '0') * 10 + (d[15] - '0')) * 60 +
                       (d[17] - '0') * 10 + (d[18] - '0');
          int64_t duration = number(field[5]);
          uint32_t p = place(subscriber);
          if (keys[p] == subscriber) sums[p] += duration + day + second; else w->unknown++;
          w->records++;
          if (duplicates && line[0] == 'V') {
            // The peer (up to 24 digits) as two words, and the rest of the key.
            uint64_t peer[3] = {0, 0, 0};
            size_t peerLength = (size_t)(field[4] - 1 - field[3]);
            memcpy(peer, field[3], peerLength < 24 ? peerLength : 24);
            uint64_t h = mix(0x9E3779B97F4A7C15ULL, subscriber | (uint64_t)(field[2][1] == 'O') << 37 | (uint64_t)duration << 43);
            h = mix(h, (uint64_t)(day * 86400 + second));
            h = mix(mix(mix(h, peer[0]), peer[1]), peer[2]);
            index.pending[index.count++] = h ? h : 1;
            if (index.count == BATCH) w->copies += indexFlush(&index);
          }
        }
        i = (size_t)(lf - buf) + 1;
      }
    }
    close(fd);
  }
  if (duplicates) {
    w->copies += indexFlush(&index);
    munmap(index.keys, index.bytes);
  }
  for (uint32_t i = 0; i <= mask; i++) w->check += sums[i];
  free(sums);
  free(buf);
  return 0;
}

/// `bytes` bytes of one repeated line into DIR/.NAME.tmp, a megabyte a write (the write-out of every 8 MiB
/// started at once), synced, renamed to DIR/NAME.
static void writeOutput(const char *dir, const char *name, long long bytes) {
  enum { CHUNK = 1 << 20 };
  static char chunk[CHUNK];
  const char line[] = "{\"subscriber\":\"13500000000\",\"month\":\"2004-10\",\"lines\":[]}\n";
  for (size_t i = 0; i < CHUNK; i++) chunk[i] = line[i % (sizeof line - 1)];
  char temporary[4096], final[4096];
  snprintf(temporary, sizeof temporary, "%s/.%s.tmp", dir, name);
  snprintf(final, sizeof final, "%s/%s", dir, name);
  int fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) { perror(temporary); exit(2); }
  for (long long done = 0; done < bytes;) {
    size_t n = bytes - done < CHUNK ? (size_t)(bytes - done) : CHUNK;
    ssize_t w = write(fd, chunk, n);
    if (w <= 0) { perror(temporary); exit(2); }
    done += w;
    if (done % (8 << 20) == 0) sync_file_range(fd, done - (8 << 20), 8 << 20, SYNC_FILE_RANGE_WRITE);
  }
  if (fsync(fd) != 0 || close(fd) != 0 || rename(temporary, final) != 0) { perror(final); exit(2); }
}

int main(int argc, char **argv) {
  const char *outputs = 0;
  long long billsBytes = 0, rejectsBytes = 0;
  for (;;) {
    if (argc > 1 && strcmp(argv[1], "--duplicates") == 0) { duplicates = 1; argv++; argc--; continue; }
    if (argc > 4 && strcmp(argv[1], "--outputs") == 0) {
      outputs = argv[2];
      billsBytes = atoll(argv[3]);
      rejectsBytes = atoll(argv[4]);
      argv += 4;
      argc -= 4;
      continue;
    }
    break;
  }
  if (argc < 4) {
    fprintf(stderr, "usage: floor [--duplicates] [--outputs DIR BILLS REJECTS] THREADS SUBSCRIBERS.csv CDR.csv...\n");
    return 64;
  }
  threads = atoi(argv[1]);
  if (threads < 1 || threads > 64) { fprintf(stderr, "floor: 1 to 64 threads\n"); return 64; }
  FILE *s = fopen(argv[2], "r");
  if (!s) { perror(argv[2]); return 2; }
  char line[1 << 16];
  size_t count = 0, room = 1 << 16;
  uint64_t *numbers = malloc(room * sizeof *numbers);
  if (!fgets(line, sizeof line, s)) return 2;
  while (fgets(line, sizeof line, s)) {
    if (count == room) numbers = realloc(numbers, (room *= 2) * sizeof *numbers);
    numbers[count++] = strtoull(line, 0, 10);
  }
  fclose(s);
  size_t capacity = 1024;
  while (capacity < 2 * count) capacity *= 2;
  mask = (uint32_t)(capacity - 1);
  keys = calloc(capacity, sizeof *keys);
  for (size_t i = 0; i < count; i++) if (numbers[i]) keys[place(numbers[i])] = numbers[i];
  free(numbers);
  files = argv + 3;
  fileCount = argc - 3;
  fileSizes = calloc((size_t)fileCount, sizeof *fileSizes);
  for (int f = 0; f < fileCount; f++) {
    struct stat st;
    if (stat(files[f], &st) == 0) fileSizes[f] = (size_t)st.st_size;
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  pthread_t tid[64];
  Worker w[64] = {0};
  for (int t = 0; t < threads; t++) { w[t].id = t; pthread_create(&tid[t], 0, work, &w[t]); }
  long long records = 0, unknown = 0, copies = 0;
  for (int t = 0; t < threads; t++) {
    pthread_join(tid[t], 0);
    records += w[t].records;
    unknown += w[t].unknown;
    copies += w[t].copies;
  }
  if (outputs) {
    writeOutput(outputs, "rejects.csv", rejectsBytes);
    writeOutput(outputs, "bills.jsonl", billsBytes);
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
  printf("%lld records (%lld of unknown subscribers, %lld voice copies seen) in %.3f s: %.1f M records/s, %d threads\n",
         records, unknown, copies, seconds, (double)records / seconds / 1e6, threads);
  return 0;
}
