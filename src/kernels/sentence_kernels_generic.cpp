// Kernels built with the compiler flags for this instruction set (see CMakeLists.txt).
#define W2V_ISA generic
#include "sentence_kernels.inc"
