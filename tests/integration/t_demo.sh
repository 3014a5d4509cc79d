#!/bin/sh
# cordon integration: the demo boot.cfg: loader output, banner, three VMs interleaving on their own consoles.
. tests/integration/lib.sh
boot demo boot.cfg 120
expect "loader reads boot.cfg and prints it" "cordon-loader: loaded boot.cfg +[0-9]+ bytes +sha256 [0-9a-f]{16}"
expect "loader loads the hypervisor" "cordon-loader: loaded hypervisor.elf"
expect "hypervisor prints its banner" "^cordon microhypervisor: booting"
expect "$EXPECT_BACKEND backend selected" "cordon: backend $EXPECT_BACKEND ready; 3 VM\(s\) in boot.cfg"
expect "VM alpha starts with its label" "cordon: vm 0 'alpha' started: label green, 4 MiB"
expect "VM charlie starts with its label" "cordon: vm 2 'charlie' started: label red, 8 MiB"
expect_count "alpha printed five counts, prefixed with its name" "^alpha: count [1-5] of 5$" 5
expect_count "bravo printed five counts, prefixed with its name" "^bravo: count [1-5] of 5$" 5
expect_before "alpha and bravo interleave (bravo starts before alpha finishes)" "^bravo: count 1 of 5" "^alpha: count 5 of 5"
expect_before "bravo and alpha interleave (alpha starts before bravo finishes)" "^alpha: count 1 of 5" "^bravo: count 5 of 5"
expect "charlie reads its name and label from the start-info page" "^charlie: I am 'charlie', label 'red', vm id 2"
expect "charlie sees its command line" "^charlie: memory 8192 KiB, 1 vcpu, cmdline \"hello from boot.cfg\""
expect "charlie sees the cordon CPUID leaf and ABI version" "^charlie: cpuid signature \"CordonHV\", hypervisor bit 1, ABI version 1"
expect "console hypercall output is prefixed too" "^charlie: this line came through the console hypercall"
expect_count "all three VMs exited with code 0" "cordon: vm '(alpha|bravo|charlie)' ended: exited with code 0" 3
expect "the summary lists exit counts" "cordon: +alpha +exited with code 0; [0-9]+ exits"
expect_clean_end
