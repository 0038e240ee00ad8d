/* vector_functions.h -- the make_* constructors are in hcc_vector_types.h. */
#include "hcc_vector_types.h"
