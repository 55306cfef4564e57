// Kernels built with the compiler flags for this instruction set (see CMakeLists.txt).
#define W2V_ISA avx512
#include "sentence_kernels.inc"
