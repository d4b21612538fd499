from mtreview.cli import main

main()
