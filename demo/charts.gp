# demo/charts.gp - what a manager would rather look at than read: monthly
# SLA compliance against its goal, and the SLA breaches per service.
# Run by scripts/demo.sh with out= the folder of compliance.dat and
# breaches.dat (written from slm.compliance_monthly and
# slm.compliance_report), which gets compliance.png and breaches.png.
set terminal pngcairo size 900,420 font ",10" noenhanced
set datafile separator "|"
set style fill solid 0.8 border -1
set boxwidth 0.7
set offsets 0.5, 0.5, 0, 0
set grid ytics
set key outside top center horizontal

set output out . "/compliance.png"
set title "SLA compliance per month, against the goal (slm.compliance_monthly)"
set ylabel "% of clocks met"
set yrange [0:105]
set xtics rotate by -45
plot out . "/compliance.dat" using 2:xtic(1) with boxes lc rgb "#4a7ebb" title "compliance", \
     "" using 0:3 with lines lw 2 lc rgb "#c0392b" title "goal"

set output out . "/breaches.png"
set title "SLA clocks not met per service, 2026 (slm.compliance_report)"
set ylabel "clocks missed or breached"
set yrange [0:*]
set xtics norotate
plot out . "/breaches.dat" using 2:xtic(1) with boxes lc rgb "#c0392b" notitle
