/* Counts heap allocations of a process, for bench/allocations.sh: an LD_PRELOAD library whose
 * malloc, calloc, realloc, aligned_alloc, posix_memalign and memalign count each call, then
 * hand it to glibc's own implementation (__libc_*). operator new in libstdc++ allocates through
 * malloc, so C++ allocations are counted too. At exit the count is written to the file named by
 * ASGISCOPE_MALLOC_COUNT_FILE ("allocations N"). Not thread-exact beyond what relaxed atomic
 * increments give, which is exact for a count. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void* __libc_malloc(size_t);
extern void* __libc_calloc(size_t, size_t);
extern void* __libc_realloc(void*, size_t);
extern void* __libc_memalign(size_t, size_t);

static atomic_ulong count;

void* malloc(size_t n) {
    atomic_fetch_add_explicit(&count, 1, memory_order_relaxed);
    return __libc_malloc(n);
}
void* calloc(size_t m, size_t n) {
    atomic_fetch_add_explicit(&count, 1, memory_order_relaxed);
    return __libc_calloc(m, n);
}
void* realloc(void* p, size_t n) {
    atomic_fetch_add_explicit(&count, 1, memory_order_relaxed);
    return __libc_realloc(p, n);
}
void* memalign(size_t a, size_t n) {
    atomic_fetch_add_explicit(&count, 1, memory_order_relaxed);
    return __libc_memalign(a, n);
}
void* aligned_alloc(size_t a, size_t n) { return memalign(a, n); }
int posix_memalign(void** out, size_t a, size_t n) {
    void* p = memalign(a, n);
    if (!p) return 12; /* ENOMEM */
    *out = p;
    return 0;
}

__attribute__((destructor)) static void report(void) {
    const char* path = getenv("ASGISCOPE_MALLOC_COUNT_FILE");
    if (!path) return;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return;
    char line[64];
    int len = snprintf(line, sizeof line, "allocations %lu\n", atomic_load(&count));
    if (len > 0) (void)!write(fd, line, (size_t)len);
    close(fd);
}
