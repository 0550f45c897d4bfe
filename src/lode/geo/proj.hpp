#pragma once
// Owners of PROJ's C handles, for the code that asks PROJ directly (reprojection, the map's
// projection); a target including this links PROJ itself.
#include <proj.h>

#include <memory>

namespace lode::proj {

struct ContextDeleter {
    void operator()(PJ_CONTEXT* c) const { proj_context_destroy(c); }
};
struct PjDeleter {
    void operator()(PJ* p) const { proj_destroy(p); }
};
struct ListDeleter {
    void operator()(PJ_OBJ_LIST* l) const { proj_list_destroy(l); }
};
struct FactoryDeleter {
    void operator()(PJ_OPERATION_FACTORY_CONTEXT* f) const { proj_operation_factory_context_destroy(f); }
};
using Context = std::unique_ptr<PJ_CONTEXT, ContextDeleter>;
using Pj = std::unique_ptr<PJ, PjDeleter>;
using PjList = std::unique_ptr<PJ_OBJ_LIST, ListDeleter>;
using Factory = std::unique_ptr<PJ_OPERATION_FACTORY_CONTEXT, FactoryDeleter>;

// A context whose messages PROJ keeps to itself (it would print them on stderr): lode says what
// went wrong in its own error.
inline Context quiet_context()
{
    Context context(proj_context_create());
    proj_log_func(context.get(), nullptr, [](void*, int, const char*) {});
    return context;
}

} // namespace lode::proj
