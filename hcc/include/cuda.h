/* cuda.h -- hcc provides the runtime API only; the driver API (cu*) is not
 * supported, but programs that include cuda.h for types compile. */
#include "cuda_runtime.h"
