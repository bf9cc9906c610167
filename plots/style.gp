# style.gp - what every parbench figure shares: fonts, grid, one colour per
# runner (the same in every plot), and output to PNG and SVG.
# Loaded by the figure scripts; they define `out` (path without extension).

runner_color(r) = r eq "serial"   ? 0x555555 : \
                  r eq "gil"      ? 0xd62728 : \
                  r eq "pthreads" ? 0x1f77b4 : \
                  r eq "openmp"   ? 0x2ca02c : \
                  r eq "fork"     ? 0xff7f0e : \
                  r eq "pthreads-pool" ? 0x17becf : \
                  r eq "fork-pool"     ? 0x8c564b : 0x9467bd

set grid ytics lc rgb "#dddddd" lw 1
set border 3
set tics nomirror
set key outside right top vertical noopaque nobox
