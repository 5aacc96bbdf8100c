"""The firm's identity: marque.yaml drives the Word styles and the HTML CSS variables."""
