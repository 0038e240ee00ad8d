/* cuda_bf16.h -- CUDA's name for hcc_bf16.h. */
#include "hcc_bf16.h"
