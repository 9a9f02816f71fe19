#!/bin/sh
# global-south-shares.sh [DATA_DIR] - the Global South's starting shares
# (parameters.global_south.west / .east) from the shipped data, as
# src/mech/globalsouth.c describes: UN members outside the reference
# scenario's 18 states in Latin America (COW 31-165), Africa (400-599),
# the Middle East (600-699 without Turkey 640 and Israel 666), Asia
# (700-899 without China 710, Taiwan 713, the Koreas 731/732, Japan 740)
# and Oceania (935-990), weighted by COW NMC population (tpop, 2022). A
# state leans East if its 2023 (session 78) UN ideal point is at or
# below the mean of Russia's and China's; West if it is at or above the
# midpoint between that and the mean of the US, UK, France and Germany;
# neutral otherwise. Prints "west EAST_SHARE ..." lines; only awk needed.
set -eu
data="${1:-data}"
awk -F, '
  FNR == 1 { file++; next }
  file == 1 && $2 == "78" && $4 != "" { ip[$1] = $4 + 0 }
  file == 2 && $2 == "2022" && $7 != "" { pop[$1] = $7 + 0 }
  END {
    split("2 20 365 710 740 732 731 713 900 750 840 816 920 200 220 255 325 369", s, " ")
    for (k in s) scen[s[k]] = 1
    west = (ip[2] + ip[200] + ip[220] + ip[255]) / 4
    east = (ip[365] + ip[710]) / 2
    mid = (west + east) / 2
    for (c in ip) {
      c = c + 0
      if (c in scen || !(c in pop)) continue
      gs = (c >= 31 && c <= 165) || (c >= 400 && c <= 599) ||
           (c >= 600 && c <= 699 && c != 640 && c != 666) ||
           (c >= 700 && c <= 899 && c != 710 && c != 713 && c != 731 &&
            c != 732 && c != 740) || (c >= 935 && c <= 990)
      if (!gs) continue
      n++; total += pop[c]
      if (ip[c] >= mid) w += pop[c]
      else if (ip[c] <= east) e += pop[c]
    }
    printf "states %d\npopulation_thousands %.0f\n", n, total
    printf "west %.4f\neast %.4f\nneutral %.4f\n", w / total, e / total,
           (total - w - e) / total
  }' "$data/unga_ideal_points.csv" "$data/nmc.csv"
