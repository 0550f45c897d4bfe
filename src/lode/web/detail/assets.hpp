#pragma once
// The map page's own stylesheet, body and script (page.cpp inlines them beside OpenLayers'). The
// script reads the data from the JSON element #lode-data and writes every value into the page as
// text (textContent), never as markup.
namespace lode::web {

const char* page_css();
const char* page_body();
const char* page_script();

} // namespace lode::web
