// The check helper of the documentation's examples: CHECK(cond) prints the file, line and
// condition that failed and ends the program with status 1.
#pragma once

#include <cstdio>
#include <cstdlib>

// g++ 12 false positive: inlining a coroutine's start, it pairs Asio's frame deallocation
// with the aligned_alloc fallback of Asio's recycling allocator and calls them mismatched.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#define CHECK(cond)                                                                      \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            std::fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
            std::exit(1);                                                                \
        }                                                                                \
    } while (false)
