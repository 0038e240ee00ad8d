/* cuda_fp16.h -- CUDA's name for hcc_fp16.h. */
#include "hcc_fp16.h"
