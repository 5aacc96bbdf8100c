from livrables.launcher import main

main()
