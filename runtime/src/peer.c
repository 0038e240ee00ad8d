/* peer.c -- peer access between the GPUs of a node.  Every GPU's memory is
 * mapped in the process, so copies between devices always work (copy.c),
 * as cudaMemcpyPeer does without peer access.  Enabling peer access lets
 * the current device's kernels dereference the peer's memory: libhigpu
 * then checks such accesses against the peer's allocations
 * (hg_ctx_set_peer_access).  Like CUDA's, the access is one-way. */
#include "internal.h"

hcError_t hcDeviceCanAccessPeer(int *canAccessPeer, int device, int peerDevice) {
    hcrt_device *d, *p;
    if (!canAccessPeer)
        return hcrt_ret(hcErrorInvalidValue);
    hcError_t e = hcrt_device_at(device, &d);
    if (e == hcSuccess)
        e = hcrt_device_at(peerDevice, &p);
    if (e == hcSuccess)
        *canAccessPeer = d != p;
    return hcrt_ret(e);
}

/* The current device and the peer, both ready, or the error. */
static hcError_t pair(int peerDevice, hcrt_device **d, hcrt_device **p) {
    hcError_t e = hcrt_current(d);
    if (e == hcSuccess)
        e = hcrt_device_at(peerDevice, p);
    if (e == hcSuccess && *d == *p)
        e = hcErrorInvalidDevice;
    if (e == hcSuccess)
        e = hcrt_dev_ready(*d);
    if (e == hcSuccess)
        e = hcrt_dev_ready(*p);
    return e;
}

hcError_t hcDeviceEnablePeerAccess(int peerDevice, unsigned int flags) {
    hcrt_device *d, *p;
    if (flags != 0)
        return hcrt_ret(hcErrorInvalidValue);
    hcError_t e = pair(peerDevice, &d, &p);
    if (e != hcSuccess)
        return hcrt_ret(e);
    if (__atomic_exchange_n(&d->peer[p->ordinal], 1, __ATOMIC_ACQ_REL))
        return hcrt_ret(hcErrorPeerAccessAlreadyEnabled);
    return hcrt_ret(hcrt_map_status(hg_ctx_set_peer_access(d->ctx, p->gpu, 1)));
}

hcError_t hcDeviceDisablePeerAccess(int peerDevice) {
    hcrt_device *d, *p;
    hcError_t e = pair(peerDevice, &d, &p);
    if (e != hcSuccess)
        return hcrt_ret(e);
    if (!__atomic_exchange_n(&d->peer[p->ordinal], 0, __ATOMIC_ACQ_REL))
        return hcrt_ret(hcErrorPeerAccessNotEnabled);
    return hcrt_ret(hcrt_map_status(hg_ctx_set_peer_access(d->ctx, p->gpu, 0)));
}
