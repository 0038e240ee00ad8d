/* himl_topo.c -- how the GPUs of a node reach each other.
 *
 * Each GPU's block holds one link record per GPU of the node (its type, the
 * HiLink lanes of a bond, bytes moved each way).  Until HiLink exists every
 * peer is reached through host shared memory: the peer's device-memory file
 * is mapped in the process, which nvidia-smi would call a path through the
 * host bridge (PHB). */
#include <string.h>

#include "himl_internal.h"

HIML_API himlReturn_t himlDeviceGetLinkInfo(himlDevice_t d, unsigned int peer,
                                            himlLinkInfo_t *info) {
    if (!info)
        return HIML_ERROR_INVALID_ARGUMENT;
    himl_snap *s;
    himlReturn_t r = himl_acquire(d, 0, &s);
    if (r != HIML_SUCCESS)
        return r;
    if (peer >= s->b.id.node_gpus || peer >= HG_TM_LINKS) {
        r = HIML_ERROR_INVALID_ARGUMENT;
    } else {
        const hg_tm_link *l = &s->b.links[peer];
        memset(info, 0, sizeof *info);
        info->type = (himlLinkType_t)l->type;
        info->lanes = l->lanes;
        info->txCopies = l->tx_copies;
        info->txBytes = l->tx_bytes;
        info->rxCopies = l->rx_copies;
        info->rxBytes = l->rx_bytes;
    }
    himl_release(s);
    return r;
}

HIML_API himlReturn_t himlDeviceGetTopologyCommonAncestor(himlDevice_t d1, himlDevice_t d2,
                                                          himlGpuTopologyLevel_t *path) {
    if (!path)
        return HIML_ERROR_INVALID_ARGUMENT;
    unsigned int peer;
    himlLinkInfo_t l;
    himlReturn_t r = himlDeviceGetIndex(d2, &peer); /* also checks the handle */
    if (r == HIML_SUCCESS)
        r = himlDeviceGetLinkInfo(d1, peer, &l);
    if (r != HIML_SUCCESS)
        return r;
    /* As in NVML the level is the PCIe-like path; a HiLink bond is reported
     * by himlDeviceGetLinkInfo beside it. */
    switch (l.type) {
    case HIML_LINK_SELF: *path = HIML_TOPOLOGY_INTERNAL; break;
    case HIML_LINK_HOST:
    case HIML_LINK_HILINK: *path = HIML_TOPOLOGY_HOSTBRIDGE; break;
    default: return HIML_ERROR_NOT_FOUND;
    }
    return HIML_SUCCESS;
}
