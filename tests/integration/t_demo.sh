#!/bin/sh
# cordon integration: the demo boot.cfg: loader output, banner, labelled VMs interleaving on their own consoles.
. tests/integration/lib.sh
boot demo boot.cfg 150 "$B/policy"
expect "loader reads boot.cfg and prints it" "cordon-loader: loaded boot.cfg +[0-9]+ bytes +sha256 [0-9a-f]{16}"
expect "loader loads the hypervisor" "cordon-loader: loaded hypervisor.elf"
expect "loader checks and loads the policy" "cordon-loader: policy 'demo.bin' \(demo\): 5 labels"
expect "hypervisor prints its banner" "^cordon microhypervisor: booting"
expect "$EXPECT_BACKEND backend selected" "cordon: backend $EXPECT_BACKEND ready; 4 VM\(s\) in boot.cfg"
expect "green-a starts with its label" "cordon: vm 0 'green-a' started: label green, 4 MiB"
expect "red starts with its label" "cordon: vm 2 'red' started: label red, 4 MiB"
expect "blue waits for red (Chinese Wall)" "cordon: vm 'blue' \(label blue\) refused: Chinese Wall conflict with running vm 'red'"
expect_before "green-a and green-b interleave" "^green-b: " "^green-a: share a:"
expect_before "green-b and green-a interleave" "^green-a: " "^green-b: share b:"
expect "blue reads its name and label from the start-info page" "^blue: I am 'blue', label 'blue', vm id 3"
expect "blue sees the cordon CPUID leaf and ABI version" "^blue: cpuid signature \"CordonHV\", hypervisor bit 1, ABI version 1"
expect "console hypercall output is prefixed too" "^blue: this line came through the console hypercall"
expect_count "all four VMs exited with code 0" "cordon: vm '(green-a|green-b|red|blue)' ended: exited with code 0" 4
expect "the summary lists exit counts" "cordon: +green-a +exited with code 0; [0-9]+ exits"
expect_clean_end
