/* status.c -- names and messages of hg_status codes. */
#include "higpu/status.h"

const char *hg_status_name(hg_status s) {
    switch (s) {
#define HG_STATUS_NAME(name, value, text) case name: return #name;
        HG_STATUSES(HG_STATUS_NAME)
#undef HG_STATUS_NAME
    }
    return "HG_ERR_UNKNOWN";
}

const char *hg_status_string(hg_status s) {
    switch (s) {
#define HG_STATUS_TEXT(name, value, text) case name: return text;
        HG_STATUSES(HG_STATUS_TEXT)
#undef HG_STATUS_TEXT
    }
    return "unknown error";
}
