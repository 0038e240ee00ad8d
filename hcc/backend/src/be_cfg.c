/* be_cfg.c -- the layout of a function's blocks.
 *
 * HiGPU runs the lowest-PC group of lanes first (docs/simt.md), so diverged
 * lanes reconverge where the layout puts the join after both paths.  Plain
 * reverse post-order does that for acyclic regions; for loops it must also
 * keep each loop contiguous and put its exits after it.  The DFS below
 * therefore visits, at each block, the successors that leave the most loops
 * first: a block visited first is finished first and lands last in reverse
 * post-order.  Loops are the natural loops of the back edges (edges to a
 * dominator), found with the Cooper-Harvey-Kennedy dominator algorithm. */
#include <stdlib.h>
#include <string.h>

#include "be.h"
#include "be_util.h"

typedef struct cfg {
    int n;
    LLVMBasicBlockRef *bb;
    int **succ;
    int *nsucc;
    int *rpo_index; /* plain RPO number, for dominators */
    int *idom;
    int *loop_of;   /* innermost loop header of each block, -1 if none */
    int *loop_parent; /* for a header: the enclosing loop's header, -1 */
    int *depth;     /* loop depth of a header's loop (1 = outermost) */
    uint64_t **body; /* for a header: its loop's blocks */
} cfg;

static void plain_dfs(cfg *g, int v, char *seen, int *post, int *np) {
    seen[v] = 1;
    for (int i = 0; i < g->nsucc[v]; i++)
        if (!seen[g->succ[v][i]])
            plain_dfs(g, g->succ[v][i], seen, post, np);
    post[(*np)++] = v;
}

static int intersect(const cfg *g, int a, int b) {
    while (a != b) {
        while (g->rpo_index[a] > g->rpo_index[b])
            a = g->idom[a];
        while (g->rpo_index[b] > g->rpo_index[a])
            b = g->idom[b];
    }
    return a;
}

static int dominates(const cfg *g, int a, int b) {
    while (b != a && g->idom[b] != b && g->idom[b] >= 0)
        b = g->idom[b];
    return a == b;
}

static void dominators(be *b, cfg *g) {
    char *seen = be_alloc(b, (size_t)g->n);
    int *post = be_alloc(b, (size_t)g->n * sizeof *post), np = 0;
    plain_dfs(g, 0, seen, post, &np);
    for (int i = 0; i < g->n; i++)
        g->rpo_index[i] = g->n; /* unreachable: last */
    for (int i = 0; i < np; i++)
        g->rpo_index[post[np - 1 - i]] = i;
    int **pred = be_alloc(b, (size_t)g->n * sizeof *pred);
    int *npred = be_alloc(b, (size_t)g->n * sizeof *npred);
    for (int v = 0; v < g->n; v++)
        for (int i = 0; i < g->nsucc[v]; i++)
            npred[g->succ[v][i]]++;
    for (int v = 0; v < g->n; v++) {
        pred[v] = be_alloc(b, (size_t)(npred[v] + 1) * sizeof **pred);
        npred[v] = 0;
    }
    for (int v = 0; v < g->n; v++)
        for (int i = 0; i < g->nsucc[v]; i++)
            pred[g->succ[v][i]][npred[g->succ[v][i]]++] = v;
    for (int v = 0; v < g->n; v++)
        g->idom[v] = -1;
    g->idom[0] = 0;
    for (int changed = 1; changed;) {
        changed = 0;
        for (int i = np - 2; i >= 0; i--) { /* RPO without the entry */
            int v = post[i], nd = -1;
            for (int k = 0; k < npred[v]; k++) {
                int p = pred[v][k];
                if (g->idom[p] < 0)
                    continue;
                nd = nd < 0 ? p : intersect(g, p, nd);
            }
            if (nd != g->idom[v]) {
                g->idom[v] = nd;
                changed = 1;
            }
        }
    }
    /* natural loops: for each back edge u -> h, the blocks reaching u without h */
    int *stack = be_alloc(b, (size_t)g->n * sizeof *stack);
    for (int u = 0; u < g->n; u++) {
        for (int i = 0; i < g->nsucc[u]; i++) {
            int h = g->succ[u][i];
            if (g->idom[u] < 0 || !dominates(g, h, u))
                continue;
            if (!g->body[h])
                g->body[h] = be_alloc(b, bs_words((size_t)g->n) * 8);
            uint64_t *body = g->body[h];
            bs_set(body, (size_t)h);
            int sp = 0;
            if (!bs_test(body, (size_t)u)) {
                bs_set(body, (size_t)u);
                stack[sp++] = u;
            }
            while (sp) {
                int x = stack[--sp];
                for (int k = 0; k < npred[x]; k++) {
                    int p = pred[x][k];
                    if (g->idom[p] >= 0 && !bs_test(body, (size_t)p)) {
                        bs_set(body, (size_t)p);
                        stack[sp++] = p;
                    }
                }
            }
        }
    }
    /* innermost loop of each block: the header with the smallest body */
    int *size = be_alloc(b, (size_t)g->n * sizeof *size);
    for (int h = 0; h < g->n; h++)
        for (int v = 0; g->body[h] && v < g->n; v++)
            size[h] += bs_test(g->body[h], (size_t)v);
    for (int v = 0; v < g->n; v++) {
        g->loop_of[v] = -1;
        for (int h = 0; h < g->n; h++)
            if (g->body[h] && bs_test(g->body[h], (size_t)v) &&
                (g->loop_of[v] < 0 || size[h] < size[g->loop_of[v]]))
                g->loop_of[v] = h;
    }
    for (int h = 0; h < g->n; h++) {
        g->loop_parent[h] = -1;
        if (!g->body[h])
            continue;
        for (int o = 0; o < g->n; o++)
            if (o != h && g->body[o] && bs_test(g->body[o], (size_t)h) &&
                (g->loop_parent[h] < 0 || size[o] < size[g->loop_parent[h]]))
                g->loop_parent[h] = o;
    }
    for (int h = 0; h < g->n; h++)
        for (int p = h; g->body[h] && p >= 0; p = g->loop_parent[p])
            g->depth[h]++;
    for (int v = 0; v < g->n; v++)
        be_free(b, pred[v]);
    be_free(b, pred);
    be_free(b, npred);
    be_free(b, seen);
    be_free(b, post);
    be_free(b, stack);
    be_free(b, size);
}

/* Depth of the deepest loop containing both v and s (0: none). */
static int common_depth(const cfg *g, int v, int s) {
    for (int h = g->loop_of[s]; h >= 0; h = g->loop_parent[h])
        if (bs_test(g->body[h], (size_t)v))
            return g->depth[h];
    return 0;
}

static void layout_dfs(cfg *g, int v, char *seen, int *post, int *np) {
    seen[v] = 1;
    int order[2048], n = g->nsucc[v] < 2048 ? g->nsucc[v] : 2048;
    for (int i = 0; i < n; i++)
        order[i] = g->succ[v][i];
    /* stable sort: fewer common loops first (visited first = placed last) */
    for (int i = 1; i < n; i++) {
        int x = order[i], dx = common_depth(g, v, x), j = i;
        while (j > 0 && common_depth(g, v, order[j - 1]) > dx) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = x;
    }
    for (int i = 0; i < n; i++)
        if (!seen[order[i]])
            layout_dfs(g, order[i], seen, post, np);
    post[(*np)++] = v;
}

LLVMBasicBlockRef *be_block_order(be *b, LLVMValueRef fn, int *nblocks) {
    cfg g = {.n = (int)LLVMCountBasicBlocks(fn)};
    g.bb = be_alloc(b, (size_t)g.n * sizeof *g.bb);
    LLVMGetBasicBlocks(fn, g.bb);
    ptrmap index;
    ptrmap_init(b, &index, (size_t)g.n);
    for (int i = 0; i < g.n; i++)
        ptrmap_put(b, &index, g.bb[i], i);
    g.succ = be_alloc(b, (size_t)g.n * sizeof *g.succ);
    g.nsucc = be_alloc(b, (size_t)g.n * sizeof *g.nsucc);
    for (int i = 0; i < g.n; i++) {
        LLVMValueRef t = LLVMGetBasicBlockTerminator(g.bb[i]);
        int ns = t ? (int)LLVMGetNumSuccessors(t) : 0;
        g.succ[i] = be_alloc(b, (size_t)(ns ? ns : 1) * sizeof **g.succ);
        for (int k = 0; k < ns; k++)
            g.succ[i][g.nsucc[i]++] = ptrmap_get(&index, LLVMGetSuccessor(t, (unsigned)k), 0);
    }
    g.rpo_index = be_alloc(b, (size_t)g.n * sizeof(int));
    g.idom = be_alloc(b, (size_t)g.n * sizeof(int));
    g.loop_of = be_alloc(b, (size_t)g.n * sizeof(int));
    g.loop_parent = be_alloc(b, (size_t)g.n * sizeof(int));
    g.depth = be_alloc(b, (size_t)g.n * sizeof(int));
    g.body = be_alloc(b, (size_t)g.n * sizeof *g.body);
    dominators(b, &g);

    char *seen = be_alloc(b, (size_t)g.n);
    int *post = be_alloc(b, (size_t)g.n * sizeof *post), np = 0;
    layout_dfs(&g, 0, seen, post, &np);
    LLVMBasicBlockRef *order = be_alloc(b, (size_t)g.n * sizeof *order);
    for (int i = 0; i < np; i++)
        order[i] = g.bb[post[np - 1 - i]];
    *nblocks = np; /* unreachable blocks are dropped */

    for (int i = 0; i < g.n; i++) {
        be_free(b, g.succ[i]);
        be_free(b, g.body[i]);
    }
    be_free(b, g.succ);
    be_free(b, g.nsucc);
    be_free(b, g.rpo_index);
    be_free(b, g.idom);
    be_free(b, g.loop_of);
    be_free(b, g.loop_parent);
    be_free(b, g.depth);
    be_free(b, g.body);
    be_free(b, g.bb);
    be_free(b, seen);
    be_free(b, post);
    ptrmap_free(b, &index);
    return order;
}
