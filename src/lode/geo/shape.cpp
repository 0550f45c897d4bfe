#include "lode/geo/shape.hpp"

#include "lode/base/error.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

namespace lode {

namespace {

class WkbReader {
public:
    explicit WkbReader(const Wkb& wkb) : data_(wkb.data()), end_(wkb.data() + wkb.size()) {}

    void read(Shape& shape)
    {
        little_ = byte() == 1;
        const std::uint32_t type = u32();
        const std::uint32_t base = type % 1000;
        if (type >= 1000 || (type & 0x80000000u))
            throw Error("only 2D geometries are supported");
        switch (base) {
        case 1: shape.kind = Shape::Kind::point; shape.paths.push_back(path(1)); break;
        case 2: shape.kind = Shape::Kind::line; shape.paths.push_back(path(u32())); break;
        case 3: shape.kind = Shape::Kind::polygon; polygon(shape); break;
        case 4:
        case 5:
        case 6:
        case 7:
            for (std::uint32_t n = u32(), i = 0; i < n; ++i)
                read(shape);
            break;
        default: throw Error("unsupported WKB geometry type " + std::to_string(type));
        }
    }

    // Widens box by every vertex, keeping none.
    void widen(BBox& box)
    {
        little_ = byte() == 1;
        const std::uint32_t type = u32();
        if (type >= 1000 || (type & 0x80000000u))
            throw Error("only 2D geometries are supported");
        switch (type) {
        case 1: vertices(1, box); break;
        case 2: vertices(u32(), box); break;
        case 3:
            for (std::uint32_t n = u32(), i = 0; i < n; ++i)
                vertices(u32(), box);
            break;
        case 4:
        case 5:
        case 6:
        case 7:
            for (std::uint32_t n = u32(), i = 0; i < n; ++i)
                widen(box);
            break;
        default: throw Error("unsupported WKB geometry type " + std::to_string(type));
        }
    }

private:
    void vertices(std::uint32_t points, BBox& box)
    {
        need(static_cast<std::size_t>(points) * 16);
        for (std::uint32_t i = 0; i < points; ++i) {
            const double x = f64(), y = f64();
            box.west = std::min(box.west, x);
            box.east = std::max(box.east, x);
            box.south = std::min(box.south, y);
            box.north = std::max(box.north, y);
        }
    }
    void need(std::size_t n) const
    {
        if (static_cast<std::size_t>(end_ - data_) < n)
            throw Error("truncated WKB");
    }
    unsigned char byte()
    {
        need(1);
        return *data_++;
    }
    std::uint32_t u32()
    {
        need(4);
        std::uint32_t v;
        std::memcpy(&v, data_, 4);
        data_ += 4;
        if (!little_)
            v = __builtin_bswap32(v);
        return v;
    }
    double f64()
    {
        need(8);
        std::uint64_t bits;
        std::memcpy(&bits, data_, 8);
        data_ += 8;
        if (!little_)
            bits = __builtin_bswap64(bits);
        double v;
        std::memcpy(&v, &bits, 8);
        return v;
    }
    Path path(std::uint32_t points)
    {
        need(static_cast<std::size_t>(points) * 16);
        Path p;
        p.xy.resize(2 * static_cast<std::size_t>(points));
        for (auto& v : p.xy)
            v = f64();
        return p;
    }
    void polygon(Shape& shape)
    {
        std::vector<std::size_t> rings;
        for (std::uint32_t n = u32(), i = 0; i < n; ++i) {
            rings.push_back(shape.paths.size());
            shape.paths.push_back(path(u32()));
        }
        shape.polygons.push_back(std::move(rings));
    }

    const unsigned char* data_;
    const unsigned char* end_;
    bool little_ = true;
};

void compute_box(Shape& shape)
{
    double inf = std::numeric_limits<double>::infinity();
    BBox b{inf, inf, -inf, -inf};
    for (const auto& p : shape.paths)
        for (std::size_t i = 0; i < p.size(); ++i) {
            b.west = std::min(b.west, p.x(i));
            b.east = std::max(b.east, p.x(i));
            b.south = std::min(b.south, p.y(i));
            b.north = std::max(b.north, p.y(i));
        }
    shape.box = b;
}

// Crossing number of one ring; sets on_edge when the point lies exactly on it.
bool crosses_odd(const Path& ring, double x, double y, bool& on_edge)
{
    bool inside = false;
    const std::size_t n = ring.size();
    const double* xy = ring.xy.data();
    for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
        const double yi = xy[2 * i + 1], yj = xy[2 * j + 1];
        // An edge wholly above or below the point can neither be crossed nor hold the point.
        if ((yi < y && yj < y) || (yi > y && yj > y))
            continue;
        const double xi = xy[2 * i], xj = xy[2 * j];
        const double cross = (xj - xi) * (y - yi) - (yj - yi) * (x - xi);
        if (cross == 0 && std::min(xi, xj) <= x && x <= std::max(xi, xj) && std::min(yi, yj) <= y && y <= std::max(yi, yj)) {
            on_edge = true;
            return false;
        }
        if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
            inside = !inside;
    }
    return inside;
}

} // namespace

BBox envelope_from_wkb(const Wkb& wkb)
{
    const double inf = std::numeric_limits<double>::infinity();
    BBox box{inf, inf, -inf, -inf};
    WkbReader(wkb).widen(box);
    if (!(box.west <= box.east))
        throw Error("empty geometry");
    return box;
}

Shape shape_from_wkb(const Wkb& wkb)
{
    Shape shape;
    WkbReader(wkb).read(shape);
    if (shape.paths.empty())
        throw Error("empty geometry");
    compute_box(shape);
    return shape;
}

Shape point_shape(double lon, double lat)
{
    Shape shape;
    shape.paths.push_back(Path{{lon, lat}});
    shape.box = BBox{lon, lat, lon, lat};
    return shape;
}

int locate_in_polygons(const Shape& shape, double lon, double lat)
{
    if (lon < shape.box.west || lon > shape.box.east || lat < shape.box.south || lat > shape.box.north)
        return -1;
    for (const auto& polygon : shape.polygons) {
        bool on_edge = false;
        bool inside = crosses_odd(shape.paths[polygon.front()], lon, lat, on_edge);
        if (on_edge)
            return 0;
        if (!inside)
            continue;
        for (std::size_t r = 1; r < polygon.size(); ++r) {
            const bool in_hole = crosses_odd(shape.paths[polygon[r]], lon, lat, on_edge);
            if (on_edge)
                return 0;
            if (in_hole) {
                inside = false;
                break;
            }
        }
        if (inside)
            return 1;
    }
    return -1;
}

} // namespace lode
