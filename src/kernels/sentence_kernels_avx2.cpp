// Kernels built with the compiler flags for this instruction set (see CMakeLists.txt).
#define W2V_ISA avx2
#include "sentence_kernels.inc"
