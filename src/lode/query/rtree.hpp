#pragma once
// A static R-tree, packed by Sort-Tile-Recursive: built once over the boxes of a layer's
// features, then queried many times from several threads (queries never write).
#include "lode/base/threads.hpp"
#include "lode/store/store.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <utility>
#include <vector>

namespace lode {

class PackedRtree {
public:
    static constexpr std::size_t fanout = 16;

    explicit PackedRtree(const std::vector<BBox>& boxes)
    {
        const std::size_t n = boxes.size();
        if (n == 0)
            return;   // no nodes: every query meets nothing (and the slices below would divide by zero)
        const bool parallel = n >= 65536;
        // Sorted as (key, index) pairs, side by side in memory: a sort through the indexes would
        // fetch a box from afar at every comparison. Halves and slices are sorted on both cores.
        std::vector<std::pair<double, std::uint32_t>> keyed(n);
        for (std::uint32_t i = 0; i < n; ++i)
            keyed[i] = {boxes[i].west + boxes[i].east, i};
        const auto middle = keyed.begin() + static_cast<std::ptrdiff_t>(n / 2);
        both_cores(parallel, [&] { std::sort(keyed.begin(), middle); }, [&] { std::sort(middle, keyed.end()); });
        std::inplace_merge(keyed.begin(), middle, keyed.end());
        const std::size_t leaves = (n + fanout - 1) / fanout;
        const std::size_t slice = fanout * static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(leaves))));
        for (auto& [key, i] : keyed)
            key = boxes[i].south + boxes[i].north;
        const std::size_t slices = (n + slice - 1) / slice;
        auto sort_slices = [&](std::size_t parity) {
            for (std::size_t k = parity; k < slices; k += 2)
                std::sort(keyed.begin() + static_cast<std::ptrdiff_t>(k * slice),
                          keyed.begin() + static_cast<std::ptrdiff_t>(std::min(n, (k + 1) * slice)));
        };
        both_cores(parallel, [&] { sort_slices(0); }, [&] { sort_slices(1); });
        order_.resize(n);
        for (std::size_t k = 0; k < n; ++k)
            order_[k] = keyed[k].second;
        items_.reserve(n);
        for (auto i : order_)
            items_.push_back(boxes[i]);
        // Level 0 nodes cover runs of `fanout` items; each higher level covers runs of nodes.
        std::size_t level_start = 0;
        for (std::size_t start = 0; start < n; start += fanout)
            nodes_.push_back(cover(start, std::min(n, start + fanout), true, [&](std::size_t k) { return boxes[order_[k]]; }));
        std::size_t level_end = nodes_.size();
        while (level_end - level_start > 1) {
            for (std::size_t start = level_start; start < level_end; start += fanout)
                nodes_.push_back(cover(start, std::min(level_end, start + fanout), false, [&](std::size_t k) { return nodes_[k].box; }));
            level_start = level_end;
            level_end = nodes_.size();
        }
    }

    // Calls visit(index) for every box that meets q.
    template <class Visit>
    void query(const BBox& q, Visit&& visit) const
    {
        if (nodes_.empty())
            return;
        std::uint32_t stack[512];   // depth x (fanout - 1) + 1 at most: ample for 2^32 items
        int top = 0;
        stack[top++] = static_cast<std::uint32_t>(nodes_.size() - 1);
        while (top > 0) {
            const Node& node = nodes_[stack[--top]];
            if (!meets(node.box, q))
                continue;
            for (std::uint32_t k = node.first; k < node.first + node.count; ++k) {
                if (node.leaf) {
                    if (meets(items_[k], q))
                        visit(order_[k]);
                } else {
                    stack[top++] = k;
                }
            }
        }
    }

    static bool meets(const BBox& a, const BBox& b)
    {
        return a.west <= b.east && b.west <= a.east && a.south <= b.north && b.south <= a.north;
    }

private:
    // Runs a and b, at once on both cores when parallel.
    template <class A, class B>
    static void both_cores(bool parallel, A a, B b)
    {
        if (parallel) {
            run_beside(b, a);
            return;
        }
        a();
        b();
    }

    struct Node {
        BBox box;
        std::uint32_t first;
        std::uint32_t count;
        bool leaf;
    };

    template <class BoxOf>
    static Node cover(std::size_t begin, std::size_t end, bool leaf, BoxOf box_of)
    {
        BBox b = box_of(begin);
        for (std::size_t k = begin + 1; k < end; ++k) {
            const BBox o = box_of(k);
            b.west = std::min(b.west, o.west);
            b.south = std::min(b.south, o.south);
            b.east = std::max(b.east, o.east);
            b.north = std::max(b.north, o.north);
        }
        return Node{b, static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end - begin), leaf};
    }

    std::vector<std::uint32_t> order_;   // item indexes in packed order
    std::vector<BBox> items_;            // their boxes, in the same order
    std::vector<Node> nodes_;
};

} // namespace lode
