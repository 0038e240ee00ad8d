/* device_launch_parameters.h -- the built-in variables are always available in hcc. */
