#!/bin/sh
# cordon integration: a VM never sees another VM's memory.
. tests/integration/lib.sh
boot isolation tests/integration/cfg/isolation.cfg 120
expect "secret planted its markers" "^secret: planted [0-9]+ markers"
expect_before "peek scanned while secret was alive" "^peek: round 1:" "cordon: vm 'secret' ended"
expect "peek's scan finds a marker it planted itself" "^peek: round 3: scanned 32768 KiB, 1 marker\(s\) found"
expect "peek saw none of secret's markers" "^peek: peek: only my own marker is visible"
expect "peek exited 0" "cordon: vm 'peek' ended: exited with code 0"
expect "secret's memory was scrubbed on exit" "cordon: vm 'secret': 32 MiB scrubbed and returned"
expect_clean_end

# Register state: x87/MMX/SSE registers are saved and restored per vCPU.
boot fpu tests/integration/cfg/fpu.cfg 90
expect "a fresh VM starts with clear x87/SSE registers" "^looker: initial mm0 0x0 xmm0 0x0"
expect "the planting VM keeps its registers across 30 switches" "^planter: fpu plant: registers stayed my own"
expect "the other VM never sees them" "^looker: fpu look: registers stayed my own"
expect_clean_end
