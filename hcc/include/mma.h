/* mma.h -- CUDA's name for the warp matrix functions (hcc_wmma.h). */
#include "hcc_wmma.h"
