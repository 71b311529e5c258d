/* FFTW's side of the physical-limit row (bench/fftw/fftw.ts): plans one forward complex FFT of
 * size N (FFTW_MEASURE), prints "ready", then for each line "REPS" on stdin runs it REPS times
 * and prints the nanoseconds per transform, so that the caller can alternate rounds with its own.
 * Built at bench time: gcc -O3 harness.c -lfftw3 -lm  (float: -DSINGLE ... -lfftw3f) */
#include <fftw3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#ifdef SINGLE
#define P(x) fftwf_##x
typedef float R;
#else
#define P(x) fftw_##x
typedef double R;
#endif

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e9 + t.tv_nsec;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 0;
  if (n < 1) { fprintf(stderr, "usage: %s N (N >= 1)\n", argv[0]); return 2; }
  P(complex) *in = P(malloc)(sizeof(P(complex)) * n), *out = P(malloc)(sizeof(P(complex)) * n);
  P(plan) p = P(plan_dft_1d)(n, in, out, FFTW_FORWARD, FFTW_MEASURE); /* planning overwrites in */
  for (int i = 0; i < n; i++) { in[i][0] = (R)rand() / RAND_MAX - 0.5; in[i][1] = (R)rand() / RAND_MAX - 0.5; }
  printf("ready\n");
  fflush(stdout);
  long reps;
  while (scanf("%ld", &reps) == 1 && reps > 0) {
    double t0 = now_ns();
    for (long r = 0; r < reps; r++) P(execute)(p);
    printf("%.3f\n", (now_ns() - t0) / reps);
    fflush(stdout);
  }
  P(destroy_plan)(p);
  P(free)(in);
  P(free)(out);
  return 0;
}
