from livrables.cli import main

main()
