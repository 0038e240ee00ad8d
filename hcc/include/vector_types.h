/* vector_types.h -- CUDA's name for hcc_vector_types.h (always included by hcc). */
#include "hcc_vector_types.h"
