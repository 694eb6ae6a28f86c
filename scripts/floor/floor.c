// The floor of issue 14, for measuring against: the least honest work a record of a bill run needs.
//
// Reads the CDR files with pread in 4 MiB units shared among N threads (each line belongs to the unit
// its first byte is in), finds a line's 8 fields (commas eight bytes at a time), parses the subscriber,
// the start's day and time and the duration, looks the subscriber up in a table of the subscribers
// file's numbers and adds to a counter of its own. No rating, no duplicates, no rejects, no output.
//
//   floor THREADS SUBSCRIBERS.csv CDR.csv...     prints records, unknown subscribers, seconds, records/s
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { UNIT = 4 << 20, LONGEST = 1 << 16 };
/// Open addressing, at most half full: capacity a power of two, at least twice the subscribers.
static uint64_t *keys;
static uint32_t mask;
static char **files;
static int fileCount, threads;

typedef struct { int id; long long records, unknown; int64_t check; } Worker;

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
        }
        i = (size_t)(lf - buf) + 1;
      }
    }
    close(fd);
  }
  for (uint32_t i = 0; i <= mask; i++) w->check += sums[i];
  free(sums);
  free(buf);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 4) { fprintf(stderr, "usage: floor THREADS SUBSCRIBERS.csv CDR.csv...\n"); return 64; }
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
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  pthread_t tid[64];
  Worker w[64] = {0};
  for (int t = 0; t < threads; t++) { w[t].id = t; pthread_create(&tid[t], 0, work, &w[t]); }
  long long records = 0, unknown = 0;
  for (int t = 0; t < threads; t++) { pthread_join(tid[t], 0); records += w[t].records; unknown += w[t].unknown; }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
  printf("%lld records (%lld of unknown subscribers) in %.3f s: %.1f M records/s, %d threads\n", records, unknown,
         seconds, (double)records / seconds / 1e6, threads);
  return 0;
}
