#pragma once

#include <QProxyStyle>

// The platform's (or Fusion's) style, with each scroll bar's picture kept
// and drawn again while nothing about it changed. Fusion paints scroll bars
// with gradients, which Qt 6's raster engine hands to its GUI thread pool
// line by line: on a 2-core machine the thread wake-ups cost ~0.8 ms a frame
// for the console's two views (bench_ui), every time the window repaints
// them, though they rarely change. The pixels are the base style's own.
namespace gpupool::ui {

class ScrollBarCacheStyle final : public QProxyStyle
{
    Q_OBJECT

public:
    using QProxyStyle::QProxyStyle;

    void drawComplexControl(ComplexControl control, const QStyleOptionComplex *option, QPainter *painter,
                            const QWidget *widget = nullptr) const override;
};

} // namespace gpupool::ui
